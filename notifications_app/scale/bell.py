"""What the sweep told about the generated tasks: alert rows of open tasks, deliveries, the
bell's notifications and their audit events (on the main chain, as the sweep writes them)."""

from __future__ import annotations

import datetime

from notifications_app.models import Delivery, DeliveryKind
from notifications_app.services import messages

from .rows import DAY, MAIN_CHAIN


class Bell:
    """People, the audit events of a step, and what the sweep told (mixed into History)."""

    # --- people ---------------------------------------------------------------------------

    def head(self, agency: int) -> int:
        return self.p.heads[agency][0]

    def officer(self, agency: int) -> int:
        officers = self.p.officers[agency]
        return officers[self.rng.randrange(len(officers))]

    def office_user(self) -> int:
        return self.p.office_users[0]

    def audience(self, agency: int, role: str) -> list[int]:
        if role == "office":
            return self.p.office_users
        return self.p.heads[agency] if role == "head" else self.p.officers[agency]

    def audit(
        self,
        event_type,
        *,
        actor,
        at,
        spec,
        title,
        obj,
        obj_id,
        before=None,
        after=None,
        reason="",
        agency_code=None,
        chain=None,
    ):
        code = agency_code if agency_code is not None else self.p.user_agency.get(actor, "")
        self.chains.add(
            chain or code or MAIN_CHAIN,
            occurred_at=at,
            actor_id=actor,
            actor_username=self.p.usernames.get(actor, "") if actor else "",
            agency_code=code,
            event_type=event_type,
            object_type=obj,
            object_id=str(obj_id),
            object_repr=title[:255],
            notice_id=spec.notice_id,
            directive_id=spec.directive_id,
            before=before,
            after=after,
            reason=reason,
        )

    def fires(self, due: datetime.date):
        at = lambda day, hour=8: datetime.datetime.combine(  # noqa: E731
            day, datetime.time(hour), tzinfo=self.now.tzinfo
        )
        return [
            (DeliveryKind.BEFORE, at(due - 3 * DAY)),
            (DeliveryKind.DUE, at(due)),
            (DeliveryKind.OVERDUE, at(due + DAY)),
            (DeliveryKind.ESCALATE_HEAD, at(due + 3 * DAY)),
            (DeliveryKind.ESCALATE_OFFICE, at(due + 5 * DAY)),
        ]

    def reminders(self, tid, agency, role, owner, created, finished, due, title) -> None:
        for kind, at in self.fires(due):
            if at <= created or at >= self.now or (finished is not None and at >= finished):
                continue
            if kind == DeliveryKind.ESCALATE_HEAD:
                users = self.p.heads[agency] if role != "office" else self.p.office_users
            elif kind == DeliveryKind.ESCALATE_OFFICE:
                users = self.p.office_users
            else:
                users = [owner] if owner else self.audience(agency, role)
            for user in users:
                self.deliver(tid, kind, user, at, title, agency, due, to_owner=user == owner)

    def alert(self, tid: int, due: datetime.date | None) -> None:
        upcoming = [at for _kind, at in self.fires(due)] if due else []
        later = [at for at in upcoming if at > self.now]
        self.t.alert.add(
            task_id=tid,
            due_date=due,
            announce="",
            announced_at=None,
            reminded_until=self.now,
            overdue_for=due if due and due < self.today else None,
            next_at=later[0] if later else None,
            attempts=0,
            last_error="",
        )

    def deliver(self, tid, kind, user, at, title, agency, due, *, to_owner, stamp=None) -> None:
        key = f"t{tid}:{kind}:u{user}:{stamp.isoformat() if stamp else due}"
        delivery = self.ids.take(Delivery)
        verb = messages.verb(kind, due=due, to_owner=to_owner)
        email = bool(self.p.emails.get(user))
        self.t.delivery.add(
            id=delivery,
            key=key[:120],
            task_id=tid,
            kind=kind,
            recipient_id=user,
            due_date=due,
            verb=verb,
            title=title[:255],
            link=self.link,
            in_app=True,
            email=email,
            digest=False,
            sent_at=at,
        )
        name = self.p.agencies[agency][1]
        self.t.notification.add(
            id=self.ids.take(self.t.notification.model),
            level="info",
            recipient_id=user,
            unread=at > self.now - 30 * DAY,
            actor_content_type_id=self.p.agency_type,
            actor_object_id=str(self.p.office),
            verb=verb,
            description=messages.description(
                title=title, agency=name, kind=kind, due=due, today=at.date()
            ),
            target_content_type_id=self.p.task_type,
            target_object_id=str(tid),
            timestamp=at,
            public=True,
            deleted=False,
            emailed=False,
            data={"link": self.link, "kind": str(kind), "task": tid, "delivery": delivery},
        )
        event = (
            "task.announced"
            if kind in messages.ANNOUNCEMENTS
            else ("escalation.sent" if kind in messages.ESCALATIONS else "reminder.sent")
        )
        self.audit(
            event,
            actor=None,
            at=at,
            spec=self.spec,
            title=title,
            obj="workflows.workflowtask",
            obj_id=tid,
            agency_code=self.p.agencies[agency][0],
            chain=MAIN_CHAIN,
            after={
                "kind": str(kind),
                "recipient": self.p.usernames[user],
                "due_date": due,
                "in_app": True,
                "email": email,
                "digest": False,
            },
        )
