"""Group bookings name each participant: one row per person a registration books a seat for
(name, optional e-mail, when named, whether attended). A registration from before keeps its
count: the booker becomes participant 1, the other seats are rows without a name yet, which the
booker can name through the registration's link. Attendance the office marked per registration
is carried over to each of its participants, and the table ``attendance`` goes: attendance is
marked per participant now. A session's joining link the office enters on its desk is kept with
the session (``training_sessions.join_url``): the public sessions.json never carries it when the
offer sends it with the reminder. Reminders reach the booker and every participant with an
address of their own: a reminder done is kept per recipient (the SHA-256 of the address, never
the address); those done before were the booker's.

Revision ID: 0009
Revises: 0008
"""

import hashlib

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def _digest(address: str) -> str:
    """What the reminders keep of an address (``intake.registrations.audience.Recipient.digest``)."""
    return hashlib.sha256(address.strip().lower().encode("utf-8")).hexdigest()


def _reminders_table(name: str, per_recipient: bool) -> sa.Table:
    columns = [
        sa.Column(
            "registration_id", sa.String(40), sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("days", sa.Integer(), primary_key=True),
    ]
    if per_recipient:
        columns.append(sa.Column("recipient", sa.String(64), primary_key=True))
    columns += [sa.Column("done_at", sa.DateTime(), nullable=False), sa.Column("mailed", sa.Boolean(), nullable=False)]
    return op.create_table(name, *columns)


def _rebuild_reminders(per_recipient: bool) -> None:
    """registration_reminders with or without the recipient in its key, its rows carried over
    (the booker's address is the recipient of the rows from before)."""
    conn = op.get_bind()
    old = sa.table(
        "registration_reminders",
        sa.column("registration_id", sa.String),
        sa.column("days", sa.Integer),
        sa.column("done_at", sa.DateTime),
        sa.column("mailed", sa.Boolean),
        *([sa.column("recipient", sa.String)] if not per_recipient else []),
    )
    registrations = sa.table("registrations", sa.column("id", sa.String), sa.column("email", sa.String))
    query = sa.select(old, registrations.c.email).select_from(
        old.join(registrations, registrations.c.id == old.c.registration_id)
    )
    rows = [dict(row) for row in conn.execute(query).mappings()]
    new = _reminders_table("registration_reminders_next", per_recipient)
    carried = []
    for row in rows:
        booker = _digest(row.pop("email"))
        if per_recipient:
            carried.append({**row, "recipient": booker})
        elif row.pop("recipient") == booker:
            carried.append(row)
    if carried:
        op.bulk_insert(new, carried)
    op.drop_table("registration_reminders")
    op.rename_table("registration_reminders_next", "registration_reminders")


def upgrade() -> None:
    participants = op.create_table(
        "participants",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=True),
        sa.Column(
            "registration_id",
            sa.String(40),
            sa.ForeignKey("registrations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("email", sa.String(254), nullable=False, server_default=""),
        sa.Column("named_at", sa.DateTime(), nullable=False),
        sa.Column("attended_at", sa.DateTime()),
        sa.UniqueConstraint("registration_id", "position", name="participants_place"),
    )
    op.create_index("participants_email", "participants", ["email"])
    conn = op.get_bind()
    registrations = sa.table(
        "registrations",
        sa.column("id", sa.String),
        sa.column("name", sa.String),
        sa.column("email", sa.String),
        sa.column("participants", sa.Integer),
        sa.column("created_at", sa.DateTime),
    )
    attendance = sa.table("attendance", sa.column("registration_id", sa.String), sa.column("marked_at", sa.DateTime))
    query = sa.select(
        registrations.c.id,
        registrations.c.name,
        registrations.c.email,
        registrations.c.participants,
        registrations.c.created_at,
        attendance.c.marked_at,
    ).select_from(registrations.outerjoin(attendance, attendance.c.registration_id == registrations.c.id))
    rows = conn.execute(query).all()
    people = [
        {
            "registration_id": rid,
            "position": position,
            "name": name if position == 1 else "",
            "email": email if position == 1 else "",
            "named_at": created_at,
            "attended_at": attended_at,
        }
        for rid, name, email, count, created_at, attended_at in rows
        for position in range(1, max(count, 1) + 1)
    ]
    if people:
        op.bulk_insert(participants, people)
    op.drop_table("attendance")
    op.add_column("training_sessions", sa.Column("join_url", sa.String(500), nullable=False, server_default=""))
    _rebuild_reminders(per_recipient=True)


def downgrade() -> None:
    _rebuild_reminders(per_recipient=False)
    op.drop_column("training_sessions", "join_url")
    attendance = op.create_table(
        "attendance",
        sa.Column(
            "registration_id", sa.String(40), sa.ForeignKey("registrations.id", ondelete="CASCADE"), primary_key=True
        ),
        sa.Column("marked_at", sa.DateTime(), nullable=False),
    )
    people = sa.table("participants", sa.column("registration_id", sa.String), sa.column("attended_at", sa.DateTime))
    query = (
        sa.select(people.c.registration_id, sa.func.min(people.c.attended_at))
        .where(people.c.attended_at.is_not(None))
        .group_by(people.c.registration_id)
    )
    marks = [{"registration_id": rid, "marked_at": at} for rid, at in op.get_bind().execute(query).all()]
    if marks:
        op.bulk_insert(attendance, marks)
    op.drop_index("participants_email", "participants")
    op.drop_table("participants")
