"""Running the system: container bootstrap, health, nightly job, deploy migrations, exports, demo data."""
