from django.dispatch import Signal

# Sent (after the commit) when a person proves an account's e-mail address is theirs, with
# ``user``. Other apps link records to the account here: accounts knows nothing of them.
email_verified = Signal()
