"""Views of the actors plugin, one module per part: the directory and its map, exports
and the API, the value-chain page, joining and managing an organisation, profiles."""
