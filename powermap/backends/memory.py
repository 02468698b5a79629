"""The memory backend: accounts held in this process, analysed with NetworkX (the reference).

It is what every analysis command uses by default (an account read from a file), and the
yardstick the Neo4j backend is tested against: a push computes the same change set as the
Neo4j backend does, so "pushing twice changes nothing" means the same on both.
"""

from __future__ import annotations

from ..i18n import say
from ..model import AccountMap
from .base import AccountNotFound, AccountSummary, Backend, Progress, PushResult
from .schema import GraphRows, account_rows, changes

__all__ = ["MemoryBackend"]


class MemoryBackend(Backend):
    """Accounts in a dict, keyed by id; gone when the process ends."""

    name = "memory"

    def __init__(self) -> None:
        self._accounts: dict[str, AccountMap] = {}

    def push(self, account: AccountMap, *, batch_size: int | None = None, progress: Progress | None = None) -> PushResult:
        account_id = account.account.id
        old = self._accounts.get(account_id)
        current = account_rows(old) if old is not None else GraphRows(account_id)
        delta = changes(current, account_rows(account))
        self._accounts[account_id] = account
        if progress is not None:
            total = len(delta.upsert) + len(delta.remove) + len(delta.create) + len(delta.delete)
            progress(total, total)
        return PushResult.of(account_id, delta)

    def account(self, account_id: str) -> AccountMap:
        try:
            return self._accounts[account_id]
        except KeyError:
            if not self._accounts:
                raise AccountNotFound(say("no account {account} in memory (no accounts)", account=repr(account_id))) from None
            raise AccountNotFound(say("no account {account} in memory (accounts: {known})", account=repr(account_id),
                                      known=", ".join(sorted(self._accounts)))) from None

    def accounts(self) -> tuple[AccountSummary, ...]:
        return tuple(
            AccountSummary(
                id=key, name=account.account.name,
                stage=None if account.account.stage is None else account.account.stage.value,
                as_of=None if account.account.as_of is None else account.account.as_of.isoformat(),
                stakeholders=len(account.stakeholders), team=len(account.team),
            )
            for key, account in sorted(self._accounts.items())
        )

    def delete(self, account_id: str) -> int:
        account = self.account(account_id)
        del self._accounts[account_id]
        return len(account_rows(account).nodes)
