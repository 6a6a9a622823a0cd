"""Width, height and lazy loading for the images in posts and pages, so that text never
jumps as images arrive. See README.md, "Theme" (Images)."""

from pelican import signals

from .pelican_hooks import add_image_sizes


def register():
    signals.content_object_init.connect(add_image_sizes)
