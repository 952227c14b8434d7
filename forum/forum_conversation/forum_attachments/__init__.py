"""Our override of machina's attachments app: size and type limits, unguessable file names."""
