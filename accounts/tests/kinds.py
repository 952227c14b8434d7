"""The kinds the `declared_kinds` fixture makes the working groups and the forum declare."""

JOIN = "workgroups.join_request"
INVITATION = "workgroups.invitation"
REPLY = "forum.reply"
