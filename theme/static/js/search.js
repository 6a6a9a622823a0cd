// Site search on /search/: Pagefind's index is fetched only once the reader searches.
// The query lives in the address (?q=...), so results can be shared and reloaded.
const form = document.getElementById("search-form");
const input = document.getElementById("search-q");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
// This file is at <site>/theme/js/search.js; the index is at <site>/pagefind/, with
// each older year's posts in an index of its own, merged into it.
const siteRoot = new URL("../../", import.meta.url);
const mergedIndexes = list.dataset.mergedIndexes.split(" ").filter(Boolean);
const MAX_RESULTS = 20;

let pagefindLoading;
function loadPagefind() {
  pagefindLoading ??= import(new URL("pagefind/pagefind.js", siteRoot).href).then(
    async (pagefind) => {
      const options = { baseUrl: siteRoot.pathname };
      await pagefind.options(options);
      for (const index of mergedIndexes) {
        await pagefind.mergeIndex(new URL(index, siteRoot).pathname, options);
      }
      return pagefind;
    },
  );
  return pagefindLoading;
}

function resultItem(page) {
  const item = document.createElement("li");
  const heading = document.createElement("h2");
  const link = document.createElement("a");
  link.href = page.url;
  link.textContent = page.meta.title;
  heading.append(link);
  const excerpt = document.createElement("p");
  // Pagefind escapes the page text and only adds <mark> around the matched words.
  excerpt.innerHTML = page.excerpt;
  item.append(heading, excerpt);
  return item;
}

let latestQuery = "";
async function search(query) {
  latestQuery = query;
  if (!query) {
    list.replaceChildren();
    status.textContent = "";
    return;
  }
  status.textContent = "Searching…";
  try {
    const pagefind = await loadPagefind();
    const { results } = await pagefind.search(query);
    const pages = await Promise.all(results.slice(0, MAX_RESULTS).map((r) => r.data()));
    if (query !== latestQuery) return; // a newer search has started
    list.replaceChildren(...pages.map(resultItem));
    const count = results.length;
    status.textContent =
      count === 0
        ? `No columns match “${query}”.`
        : `${count} ${count === 1 ? "column matches" : "columns match"} “${query}”.`;
  } catch (error) {
    status.textContent = "Search is not available right now. The archives list every column.";
    throw error;
  }
}

function showQuery(query) {
  const address = new URL(window.location.href);
  address.searchParams.set("q", query);
  window.history.replaceState(null, "", address);
}

let typingTimer;
input.addEventListener("input", () => {
  clearTimeout(typingTimer);
  typingTimer = setTimeout(() => search(input.value.trim()), 250);
});
form.addEventListener("submit", (event) => {
  event.preventDefault();
  clearTimeout(typingTimer);
  showQuery(input.value.trim());
  search(input.value.trim());
});

input.value = new URLSearchParams(window.location.search).get("q") ?? "";
search(input.value.trim());
