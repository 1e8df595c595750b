"""Min side keeps no rows of its own: the link from an ID-porten session to ours (for the
provider's front-channel logout) is ``core.models.ProviderSession``."""
