"""``hoso users add|list|disable`` and ``hoso tokens create``: the store's admin commands."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from hoso import config
from hoso.errors import HosoError
from hoso.store.states import Role

if TYPE_CHECKING:
    from sqlalchemy.orm import Session

    from hoso.store.models import User

# SQLAlchemy is imported when a store command runs, not for every ``hoso``
# command (``hoso process`` starts once per input in the tests).

LOCAL_TIME = ZoneInfo("Asia/Ho_Chi_Minh")


@contextmanager
def configured() -> Iterator[Session]:
    """A session on the configured database, migrated first."""
    from hoso.store.db import configured_session
    with configured_session(config.load().database_url) as session:
        yield session


def _reporting_errors(command: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return command(args)
        except HosoError as e:
            print(f"error: {e.message}", file=sys.stderr)
            return 1
    return run


def _describe(user: User) -> str:
    return f"{user.name} (role {user.role}, office {user.office or '-'})"


@_reporting_errors
def cmd_users_add(args: argparse.Namespace) -> int:
    from hoso.store import users
    with configured() as session:
        user = users.add_user(session, args.name, args.role, args.office)
    print(f"added user {_describe(user)}")
    return 0


@_reporting_errors
def cmd_users_list(args: argparse.Namespace) -> int:
    from hoso.store import users
    with configured() as session:
        rows = [(u.name, u.role, u.office or "-", "active" if u.active else "disabled",
                 u.created_at.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M"))
                for u in users.list_users(session)]
    header = ("NAME", "ROLE", "OFFICE", "STATE", "CREATED (UTC+7)")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths)).rstrip())
    return 0


@_reporting_errors
def cmd_users_disable(args: argparse.Namespace) -> int:
    from hoso.store import users
    with configured() as session:
        user = users.disable_user(session, args.name)
    print(f"disabled user {_describe(user)}; their tokens no longer work")
    return 0


@_reporting_errors
def cmd_tokens_create(args: argparse.Namespace) -> int:
    from hoso.store import users
    with configured() as session:
        token = users.create_token(session, users.get_user(session, args.name), args.label)
    print(token)
    print("Store this token now: it is shown only once.", file=sys.stderr)
    return 0


def register(sub: argparse._SubParsersAction) -> None:
    """Add the ``users`` and ``tokens`` commands to the ``hoso`` parser."""
    u = sub.add_parser("users", help="quản lý người dùng (cơ sở dữ liệu: DATABASE_URL hoặc HOSO_DATA_DIR)")
    u_sub = u.add_subparsers(dest="users_command", required=True)
    add = u_sub.add_parser("add", help="thêm người dùng")
    add.add_argument("name", metavar="NAME")
    add.add_argument("--role", required=True, choices=[r.value for r in Role], help="vai trò")
    add.add_argument("--office", default="", help='đơn vị, ví dụ "Xã Kép" hoặc "Sở Nội vụ"')
    add.set_defaults(func=cmd_users_add)
    u_sub.add_parser("list", help="liệt kê người dùng").set_defaults(func=cmd_users_list)
    disable = u_sub.add_parser("disable", help="khoá người dùng (mã truy cập của họ hết hiệu lực)")
    disable.add_argument("name", metavar="NAME")
    disable.set_defaults(func=cmd_users_disable)

    t = sub.add_parser("tokens", help="mã truy cập API")
    t_sub = t.add_subparsers(dest="tokens_command", required=True)
    create = t_sub.add_parser("create", help="tạo mã truy cập cho người dùng (chỉ hiện một lần)")
    create.add_argument("name", metavar="NAME")
    create.add_argument("--label", default="", help="ghi chú, ví dụ tên máy quét")
    create.set_defaults(func=cmd_tokens_create)
