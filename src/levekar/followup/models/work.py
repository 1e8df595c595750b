"""The work of a case: Familiens plan, mapping (kartlegging), contacts and meetings,
session feedback. (Filled by the work part of the follow-up capability.)"""

__all__: list[str] = []
