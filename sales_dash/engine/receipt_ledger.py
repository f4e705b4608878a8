"""One customer's receipts applied to its order lines, in time order (docs/receipts.md).

Plain Python over integers (money in ten-thousandths, dates in days since 1970): the rule
is sequential — what a receipt settles depends on what earlier ones left open — and one
pass per customer over its events, sorted once, keeps it linear. ``sales_dash.engine.receipts``
turns frames into these lists and the result back into frames.
"""

from __future__ import annotations

import heapq
from collections import deque
from dataclasses import dataclass, field

RECEIPT, REFUND, RETURN, LINE = "receipt", "refund", "return", "line"
"""Where an application comes from: a receipt, a refund reversing one, a return line's
credit note, or a line's own paid_amount (customers without receipts)."""


@dataclass
class LedgerLine:
    index: int
    """Row of the line in the caller's frame."""
    order_id: str
    line_no: int
    order_date: int
    due_key: int
    """Due date, or the order date where the due date is unknown: the FIFO order only."""
    revenue: int
    open: int = 0
    booked: bool = False

    @property
    def priority(self) -> tuple[int, int, str, int]:
        """Oldest due first; ties by order date, order id, line number."""
        return (self.due_key, self.order_date, self.order_id, self.line_no)


@dataclass
class Receipt:
    index: int
    """Row of the receipt in the caller's frame (-1: a return line's credit note)."""
    date: int
    amount: int
    order_id: str | None = None
    line_no: int | None = None


@dataclass
class _Chunk:
    """Money not yet applied: what is left of a receipt or of a return's credit note."""

    receipt: int
    date: int
    source: str
    left: int


@dataclass
class Ledger:
    """The running state of one customer: open lines, credit, and what was applied."""

    lines: list[LedgerLine]
    applied: list[tuple[int, int, int, int, str, int]] = field(default_factory=list)
    """(line index, receipt index or -1, payment date, applied date, source, amount)."""
    credit: list[tuple[int, int]] = field(default_factory=list)
    """(date, credit after that date's events), one row per date the credit changed."""
    _heap: list[tuple[tuple[int, int, str, int], int]] = field(default_factory=list)
    _pool: deque[_Chunk] = field(default_factory=deque)
    _debt: int = 0
    """Refunded beyond everything paid: the next money repays it first."""
    _stack: list[list[int]] = field(default_factory=list)
    """Applications a refund may reverse, latest last: [position in lines, amount left]."""
    _orders: dict[str, list[int]] = field(default_factory=dict)
    _balance: int = 0

    def __post_init__(self) -> None:
        for position, line in enumerate(self.lines):
            self._orders.setdefault(line.order_id, []).append(position)
        for positions in self._orders.values():
            positions.sort(key=lambda p: self.lines[p].priority)

    def run(self, receipts: list[Receipt]) -> None:
        """Book the lines and apply the receipts day by day: lines first, then returns,
        then receipts (in payment id order); credit settles lines as they are booked."""
        booking = sorted(
            range(len(self.lines)),
            key=lambda p: (
                self.lines[p].order_date,
                self.lines[p].revenue < 0,
                self.lines[p].priority,
            ),
        )
        dates = sorted({self.lines[p].order_date for p in booking} | {r.date for r in receipts})
        b = r = 0
        for day in dates:
            while b < len(booking) and self._books(booking[b], day, returns=False):
                self._book(booking[b])
                b += 1
            self._apply_pool(day)
            while b < len(booking) and self._books(booking[b], day, returns=True):
                self._return(booking[b], day)
                b += 1
            while r < len(receipts) and receipts[r].date == day:
                self._receive(receipts[r], day)
                r += 1
            balance = sum(c.left for c in self._pool) - self._debt
            if balance != self._balance:
                self.credit.append((day, balance))
                self._balance = balance

    def _books(self, position: int, day: int, *, returns: bool) -> bool:
        line = self.lines[position]
        return line.order_date == day and (line.revenue < 0) == returns

    def _book(self, position: int) -> None:
        line = self.lines[position]
        line.booked = True
        line.open = line.revenue
        if line.open > 0:
            heapq.heappush(self._heap, (line.priority, position))

    def _return(self, position: int, day: int) -> None:
        """A return line closes itself and becomes a credit note of its amount, settling its
        own order's open lines first, then the customer's (docs/receipts.md, Returns)."""
        line = self.lines[position]
        line.booked = True
        self.applied.append((line.index, -1, day, day, RETURN, line.revenue))
        chunk = _Chunk(-1, day, RETURN, -line.revenue)
        self._spend(chunk, day, self._orders[line.order_id])

    def _receive(self, receipt: Receipt, day: int) -> None:
        if receipt.amount < 0:
            self._refund(receipt, day)
            return
        targets: list[int] = []
        order = self._orders.get(receipt.order_id or "", [])
        if receipt.line_no is not None:
            targets = [p for p in order if self.lines[p].line_no == receipt.line_no]
        targets += order
        self._spend(_Chunk(receipt.index, day, RECEIPT, receipt.amount), day, targets)

    def _spend(self, chunk: _Chunk, day: int, targets: list[int]) -> None:
        """Repay any over-refund, settle ``targets`` in order, then the open lines oldest
        due first; what is left is credit."""
        repaid = min(self._debt, chunk.left)
        self._debt -= repaid
        chunk.left -= repaid
        for position in targets:
            if chunk.left == 0:
                break
            if self.lines[position].booked and self.lines[position].open > 0:
                self._settle(chunk, position, day)
        self._settle_heap(chunk, day)
        if chunk.left > 0:
            self._pool.append(chunk)

    def _settle(self, chunk: _Chunk, position: int, day: int) -> None:
        line = self.lines[position]
        amount = min(line.open, chunk.left)
        line.open -= amount
        chunk.left -= amount
        self.applied.append((line.index, chunk.receipt, chunk.date, day, chunk.source, amount))
        self._stack.append([position, amount])

    def _settle_heap(self, chunk: _Chunk, day: int) -> None:
        while chunk.left > 0 and self._heap:
            position = self._heap[0][1]
            if self.lines[position].open > 0:
                self._settle(chunk, position, day)
            if self.lines[position].open <= 0:
                heapq.heappop(self._heap)

    def _apply_pool(self, day: int) -> None:
        """Credit settles lines booked since, oldest credit first, dated the booking day."""
        while self._pool and self._heap:
            self._settle_heap(self._pool[0], day)
            if self._pool[0].left == 0:
                self._pool.popleft()

    def _refund(self, receipt: Receipt, day: int) -> None:
        """A refund takes back credit first (latest first), then reverses the latest
        applications, reopening their lines; beyond that it is owed back (negative credit)."""
        need = -receipt.amount
        while need and self._pool:
            taken = min(need, self._pool[-1].left)
            self._pool[-1].left -= taken
            need -= taken
            if self._pool[-1].left == 0:
                self._pool.pop()
        while need and self._stack:
            position, amount = self._stack[-1]
            taken = min(need, amount)
            line = self.lines[position]
            line.open += taken
            heapq.heappush(self._heap, (line.priority, position))
            self.applied.append((line.index, receipt.index, day, day, REFUND, -taken))
            need -= taken
            if taken == amount:
                self._stack.pop()
            else:
                self._stack[-1][1] -= taken
        self._debt += need
