"""Table definitions (SQLAlchemy Core), in two schemas that show who owns what.

`nba`: data delivered by the NBA pipeline. `app`: data this system owns.
The migrations under `courtside/migrations` create exactly these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    CheckConstraint,
    Column,
    Computed,
    Date,
    DateTime,
    ForeignKey,
    Identity,
    Index,
    Integer,
    MetaData,
    Numeric,
    PrimaryKeyConstraint,
    SmallInteger,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.dialects.postgresql import JSONB, UUID

metadata = MetaData(
    naming_convention={
        "ix": "ix_%(table_name)s_%(column_0_N_name)s",
        "uq": "uq_%(table_name)s_%(column_0_N_name)s",
        "ck": "ck_%(table_name)s_%(constraint_name)s",
        "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
        "pk": "pk_%(table_name)s",
    }
)

TS = DateTime(timezone=True)
MONEY = Numeric(12, 2)
JSONDOC = JSON().with_variant(JSONB(), "postgresql")

# --------------------------------------------------------------------------- nba

teams = Table(
    "teams",
    metadata,
    Column("team_id", BigInteger, primary_key=True, autoincrement=False),
    Column("abbreviation", String(3), nullable=False, unique=True),
    Column("city", Text, nullable=False),
    Column("nickname", Text, nullable=False),
    Column("full_name", Text, nullable=False),
    Column("conference", String(4), nullable=False),
    Column("division", Text, nullable=False),
    Column("year_founded", SmallInteger, nullable=True),
    schema="nba",
)

players = Table(
    "players",
    metadata,
    Column("player_id", Text, primary_key=True),
    Column("name", Text, nullable=False),
    Column("search_name", Text, nullable=False),
    Index("ix_players_search_name", "search_name"),
    schema="nba",
)

player_seasons = Table(
    "player_seasons",
    metadata,
    Column("player_id", Text, ForeignKey("nba.players.player_id"), nullable=False),
    Column("season", String(7), nullable=False),
    Column("team", String(3), nullable=False),
    Column("position", Text, nullable=True),
    Column("age", SmallInteger, nullable=True),
    *[
        Column(name, Numeric(6, 3), nullable=True)
        for name in (
            "games",
            "games_started",
            "minutes",
            "fg",
            "fga",
            "fg_pct",
            "fg3",
            "fg3a",
            "fg3_pct",
            "fg2",
            "fg2a",
            "fg2_pct",
            "efg_pct",
            "ft",
            "fta",
            "ft_pct",
            "orb",
            "drb",
            "trb",
            "ast",
            "stl",
            "blk",
            "tov",
            "pf",
            "pts",
        )
    ],
    PrimaryKeyConstraint("player_id", "season", "team", name="pk_player_seasons"),
    Index("ix_player_seasons_season_team", "season", "team"),
    schema="nba",
)

PLAYER_STATS = tuple(
    column.name
    for column in player_seasons.columns
    if column.name not in ("player_id", "season", "team", "position", "age")
)

games = Table(
    "games",
    metadata,
    Column("game_id", Text, primary_key=True),
    Column("season", String(7), nullable=False),
    Column("season_type", Text, nullable=False),
    Column("game_date", Date, nullable=False),
    Column("tipoff_at", TS, nullable=False),
    Column("status", Text, nullable=False),
    Column("home_team", String(3), ForeignKey("nba.teams.abbreviation"), nullable=False),
    Column("away_team", String(3), ForeignKey("nba.teams.abbreviation"), nullable=False),
    Column("home_score", SmallInteger, nullable=True),
    Column("away_score", SmallInteger, nullable=True),
    Column("updated_at", TS, nullable=False, server_default=text("now()")),
    CheckConstraint(
        "season_type in ('regular', 'play_in', 'playoffs', 'cup_final')", name="season_type"
    ),
    CheckConstraint("status in ('scheduled', 'final', 'cancelled', 'postponed')", name="status"),
    Index("ix_games_game_date", "game_date"),
    Index("ix_games_season_game_date", "season", "game_date"),
    Index("ix_games_home_team_game_date", "home_team", "game_date"),
    Index("ix_games_away_team_game_date", "away_team", "game_date"),
    Index("ix_games_status_tipoff_at", "status", "tipoff_at"),
    schema="nba",
)

odds_snapshots = Table(
    "odds_snapshots",
    metadata,
    Column("snapshot_id", BigInteger, Identity(), primary_key=True),
    Column("game_id", Text, ForeignKey("nba.games.game_id", ondelete="CASCADE"), nullable=False),
    Column("source", Text, nullable=False),
    Column("captured_at", TS, nullable=False),
    Column("home_moneyline", Integer, nullable=True),
    Column("away_moneyline", Integer, nullable=True),
    Column("home_spread", Numeric(5, 1), nullable=True),
    Column("total", Numeric(5, 1), nullable=True),
    UniqueConstraint("game_id", "source", "captured_at"),
    Index("ix_odds_snapshots_game_id_captured_at", "game_id", text("captured_at DESC")),
    schema="nba",
)

staged_results = Table(
    "staged_results",
    metadata,
    Column("game_id", Text, ForeignKey("nba.games.game_id", ondelete="CASCADE"), primary_key=True),
    Column("status", Text, nullable=False, server_default="final"),
    Column("home_score", SmallInteger, nullable=True),
    Column("away_score", SmallInteger, nullable=True),
    Column("available_at", TS, nullable=False),
    Column("staged_at", TS, nullable=False, server_default=text("now()")),
    Column("processed_at", TS, nullable=True),
    CheckConstraint("status in ('final', 'cancelled', 'postponed')", name="status"),
    Index(
        "ix_staged_results_pending",
        "available_at",
        postgresql_where=text("processed_at IS NULL"),
    ),
    schema="nba",
)

# The loader's bookkeeping, one row (id 1): the replay anchor, the content hash of every
# file loaded, and `data_version`, which statement triggers created by the 0001 migration
# (`nba.bump_data_version()`) bump on every change to teams, games, odds and players, so
# in-process read caches can key on it. `latest_season` is kept current by the same trigger.
load_state = Table(
    "load_state",
    metadata,
    Column("id", SmallInteger, primary_key=True, autoincrement=False),
    Column("data_version", BigInteger, nullable=False, server_default="0"),
    Column("latest_season", String(7), nullable=True),
    Column("replay_from", Date, nullable=True),
    Column("replay_offset_days", Integer, nullable=True),
    Column("file_hashes", JSONDOC, nullable=False, server_default=text("'{}'")),
    Column("loaded_at", TS, nullable=True),
    CheckConstraint("id = 1", name="single_row"),
    schema="nba",
)

# --------------------------------------------------------------------------- app

users = Table(
    "users",
    metadata,
    Column("user_id", UUID(as_uuid=True), primary_key=True),
    Column("username", String(32), nullable=False),
    Column("email", Text, nullable=True),
    Column("password_hash", Text, nullable=False),
    Column("role", Text, nullable=False, server_default="Consumer"),
    Column("created_at", TS, nullable=False, server_default=text("now()")),
    Column("disabled_at", TS, nullable=True),
    Column("token_version", Integer, nullable=False, server_default="1"),
    Column("balance", MONEY, nullable=False, server_default="0"),
    CheckConstraint("role in ('Admin', 'Consumer')", name="role"),
    CheckConstraint("balance >= 0", name="balance_not_negative"),
    Index("uq_users_username_lower", text("lower(username)"), unique=True),
    schema="app",
)

ledger = Table(
    "ledger",
    metadata,
    Column("entry_id", BigInteger, Identity(), primary_key=True),
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), nullable=False),
    Column("kind", Text, nullable=False),
    Column("amount", MONEY, nullable=False),
    Column("bet_id", UUID(as_uuid=True), nullable=True),
    Column("created_at", TS, nullable=False),
    CheckConstraint("kind in ('opening', 'stake', 'payout', 'refund', 'adjustment')", name="kind"),
    Index("ix_ledger_user_id_created_at", "user_id", "created_at"),
    schema="app",
)

bets = Table(
    "bets",
    metadata,
    Column("bet_id", UUID(as_uuid=True), primary_key=True),
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), nullable=False),
    Column("game_id", Text, ForeignKey("nba.games.game_id"), nullable=False),
    Column("season", String(7), nullable=False),
    Column("pick", String(3), nullable=False),
    Column("stake", MONEY, nullable=False),
    Column("odds", Integer, nullable=False),
    Column("status", Text, nullable=False, server_default="pending"),
    Column("payout", MONEY, nullable=True),
    Column("placed_at", TS, nullable=False),
    Column("settled_at", TS, nullable=True),
    CheckConstraint("status in ('pending', 'won', 'lost', 'void', 'cancelled')", name="status"),
    CheckConstraint("stake > 0", name="stake_positive"),
    Index(
        "uq_bets_one_pending_per_game",
        "user_id",
        "game_id",
        unique=True,
        postgresql_where=text("status = 'pending'"),
    ),
    # A user's history, newest first, paged on (placed_at, bet_id); and by status.
    Index("ix_bets_user_id_placed_at_bet_id", "user_id", "placed_at", "bet_id"),
    Index("ix_bets_user_id_status_placed_at_bet_id", "user_id", "status", "placed_at", "bet_id"),
    Index("ix_bets_game_id_status", "game_id", "status"),
    schema="app",
)

user_season_stats = Table(
    "user_season_stats",
    metadata,
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), nullable=False),
    Column("season", String(7), nullable=False),
    Column("settled", Integer, nullable=False, server_default="0"),
    Column("won", Integer, nullable=False, server_default="0"),
    Column("lost", Integer, nullable=False, server_default="0"),
    Column("staked", MONEY, nullable=False, server_default="0"),
    Column("profit", MONEY, nullable=False, server_default="0"),
    Column("voided", Integer, nullable=False, server_default="0"),
    Column(
        "accuracy",
        Numeric(5, 4),
        Computed("CASE WHEN settled > 0 THEN won::numeric / settled END", persisted=True),
    ),
    PrimaryKeyConstraint("user_id", "season", name="pk_user_season_stats"),
    # The leaderboard reads the top of a season in either order straight off an index.
    Index("ix_user_season_stats_season_profit_user_id", "season", "profit", "user_id"),
    Index(
        "ix_user_season_stats_season_accuracy_settled_user_id",
        "season",
        "accuracy",
        "settled",
        "user_id",
    ),
    schema="app",
)

# Per-user aggregates maintained by results processing in the transaction that settles
# the bets, so a summary reads a few small rows however many bets a user has settled.
# `settled` counts decided bets (won + lost); void bets are counted apart.

user_bet_totals = Table(
    "user_bet_totals",
    metadata,
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), primary_key=True),
    Column("settled", Integer, nullable=False, server_default="0"),
    Column("won", Integer, nullable=False, server_default="0"),
    Column("lost", Integer, nullable=False, server_default="0"),
    Column("voided", Integer, nullable=False, server_default="0"),
    Column("staked", MONEY, nullable=False, server_default="0"),
    Column("profit", MONEY, nullable=False, server_default="0"),
    Column("biggest_win", MONEY, nullable=True),
    Column("biggest_win_bet_id", UUID(as_uuid=True), nullable=True),
    Column("streak_result", Text, nullable=True),
    Column("streak_length", Integer, nullable=False, server_default="0"),
    Column("updated_at", TS, nullable=False),
    CheckConstraint("streak_result in ('won', 'lost')", name="streak_result"),
    schema="app",
)

user_team_stats = Table(
    "user_team_stats",
    metadata,
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), nullable=False),
    Column("team", String(3), nullable=False),
    Column("settled", Integer, nullable=False, server_default="0"),
    Column("won", Integer, nullable=False, server_default="0"),
    Column("lost", Integer, nullable=False, server_default="0"),
    Column("staked", MONEY, nullable=False, server_default="0"),
    Column("profit", MONEY, nullable=False, server_default="0"),
    PrimaryKeyConstraint("user_id", "team", name="pk_user_team_stats"),
    schema="app",
)

user_daily_profit = Table(
    "user_daily_profit",
    metadata,
    Column("user_id", UUID(as_uuid=True), ForeignKey("app.users.user_id"), nullable=False),
    Column("day", Date, nullable=False),
    Column("settled", Integer, nullable=False, server_default="0"),
    Column("won", Integer, nullable=False, server_default="0"),
    Column("lost", Integer, nullable=False, server_default="0"),
    Column("staked", MONEY, nullable=False, server_default="0"),
    Column("profit", MONEY, nullable=False, server_default="0"),
    PrimaryKeyConstraint("user_id", "day", name="pk_user_daily_profit"),
    schema="app",
)

feature_flags = Table(
    "feature_flags",
    metadata,
    Column("name", String(64), primary_key=True),
    Column("description", Text, nullable=False, server_default=""),
    Column("enabled", Boolean, nullable=False),
    Column("updated_by", Text, nullable=True),
    Column("updated_at", TS, nullable=False, server_default=text("now()")),
    CheckConstraint("name ~ '^[a-z][a-z0-9_-]*$'", name="name_lowercase"),
    schema="app",
)

settings = Table(
    "settings",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("value", JSONDOC, nullable=False),
    Column("updated_by", Text, nullable=True),
    Column("updated_at", TS, nullable=False, server_default=text("now()")),
    schema="app",
)

login_attempts = Table(
    "login_attempts",
    metadata,
    Column("attempt_id", BigInteger, Identity(), primary_key=True),
    Column("username_key", String(32), nullable=False),
    Column("attempted_at", TS, nullable=False),
    Column("succeeded", Boolean, nullable=False),
    Index("ix_login_attempts_username_key_attempted_at", "username_key", "attempted_at"),
    schema="app",
)

results_runs = Table(
    "results_runs",
    metadata,
    Column("run_id", BigInteger, Identity(), primary_key=True),
    Column("trigger", Text, nullable=False),
    Column("triggered_by", Text, nullable=True),
    Column("started_at", TS, nullable=False),
    Column("finished_at", TS, nullable=True),
    Column("games_finalised", Integer, nullable=False, server_default="0"),
    Column("bets_settled", Integer, nullable=False, server_default="0"),
    Column("duration_ms", Integer, nullable=True),
    Index("ix_results_runs_started_at", "started_at"),
    schema="app",
)

audit_log = Table(
    "audit_log",
    metadata,
    Column("audit_id", BigInteger, Identity(), primary_key=True),
    Column("actor_id", UUID(as_uuid=True), nullable=True),
    Column("actor", Text, nullable=False),
    Column("kind", Text, nullable=False),
    Column("target", Text, nullable=True),
    Column("before", JSONDOC, nullable=True),
    Column("after", JSONDOC, nullable=True),
    Column("created_at", TS, nullable=False),
    Index("ix_audit_log_created_at", "created_at"),
    Index("ix_audit_log_actor_created_at", "actor", "created_at"),
    Index("ix_audit_log_kind_created_at", "kind", "created_at"),
    schema="app",
)
