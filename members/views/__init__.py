"""The members app's pages, one module per page group:

- ``ledenlijst``: the public ledenlijst, its CSV/JSON and the members' contact list;
- ``membership``: applying, following, the review queue and one membership's page;
- ``mydata``: a person's own data and organisations (AVG export and erasure);
- ``kernteam``: the seven seats, appointments and the rota;
- ``contribution``: the penningmeester's contributie year;
- ``elections``: elections per geleding;
- ``groups``: work groups and project groups.
"""

from ketenoverleg.models import Role
from ketenoverleg.roles import KERNTEAM_ROLES, SECRETARIAT_ROLES

# Who reviews applications, manages the kernteam and keeps the contributie.
REVIEWER_ROLES = KERNTEAM_ROLES | SECRETARIAT_ROLES
BOARD_MANAGER_ROLES = SECRETARIAT_ROLES | {Role.VOORZITTER}
TREASURY_ROLES = {Role.PENNINGMEESTER, Role.SECRETARIS, Role.KWARTIERMAKER}
