"""The lessons that ship with Stepwise, read as package data (`importlib.resources`), so
`stepwise study` works from any folder after a plain `pip install`. `STEPWISE_CONTENT`
points Stepwise at another content folder instead. The repository's `content/` is a link
to this folder: authors edit the lessons there."""
