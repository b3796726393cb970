-- Grafana's PostgreSQL login: it reads the alarms table (the asset-detail dashboard's annotations) and nothing else.
-- Run after the platform's migrations created "Alarms" (compose: the grafana-reader job, once the platform is
-- healthy); idempotent, so every start re-applies it and a changed password takes effect.
--   psql -v ON_ERROR_STOP=1 -v reader=grafana_reader -v reader_password=... -f grafana-reader.sql
SELECT format('CREATE ROLE %I LOGIN', :'reader')
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'reader') \gexec

ALTER ROLE :"reader" WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION PASSWORD :'reader_password';
-- Even a query Grafana lets an editor type cannot change a row or hold the database long.
ALTER ROLE :"reader" SET default_transaction_read_only = on;
ALTER ROLE :"reader" SET statement_timeout = '10s';

SELECT format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), :'reader') \gexec
GRANT USAGE ON SCHEMA public TO :"reader";
GRANT SELECT ON "Alarms" TO :"reader";
