// Copy buttons on the Subscribe page. They stay hidden unless this script runs,
// so a reader without JavaScript sees the addresses only, never a dead button.
const status = document.getElementById("copy-status");

function selectText(element) {
  const range = document.createRange();
  range.selectNodeContents(element);
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
}

for (const button of document.querySelectorAll("button.copy-feed-url")) {
  button.hidden = false;
  button.addEventListener("click", async () => {
    const address = button.dataset.url;
    try {
      await navigator.clipboard.writeText(address);
      status.textContent = `Copied ${address}`;
    } catch {
      // No clipboard access (an old browser, or permission refused): select it instead.
      selectText(button.parentElement.querySelector(".feed-url"));
      status.textContent = "Press Ctrl+C (or Cmd+C) to copy the selected address.";
    }
  });
}
