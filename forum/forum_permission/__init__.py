"""Our override of machina's `forum_permission` app: staff moderate every forum, and a forum
one may not read is a 404, not a 403 or a login page."""
