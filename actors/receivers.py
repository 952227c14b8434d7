"""Signal receivers of the actors plugin: invitations find the accounts made for them."""

from allauth.account.signals import email_confirmed
from django.dispatch import receiver

from actors.invitations import attach_invitations


@receiver(email_confirmed, dispatch_uid="actors.attach_invitations")
def attach_invitations_on_email_confirmed(sender, request, email_address, **kwargs):
    # Only a confirmed address proves the person owns the mailbox the invitation went to.
    attach_invitations(email_address.user, email_address.email)
