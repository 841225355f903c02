"""`python -m courtside.migrations`: migrate the configured database to the latest schema."""

from courtside.migrations import upgrade

if __name__ == "__main__":
    upgrade()
    print("database migrated")
