from django.dispatch import Signal

# Sent (after the commit) when a person proves an account's e-mail address is theirs, with
# ``user``. Other apps link records to the account here: accounts knows nothing of them.
email_verified = Signal()

# Sent (after the commit) when the trust's single sign-on provider signs a person in, with
# ``user`` and the ``employee_number`` it vouches for ("" when it gives none).
sso_identity_confirmed = Signal()
