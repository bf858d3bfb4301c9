-- Every scored customer's segment and cluster at each as-of date a run
-- scored, so the dashboard can show where customers moved between the
-- previous and the current snapshot (segment_migration). The score step
-- replaces the rows of its own as-of date and keeps the others.
--   cluster, model_version  null when no model was active

create table segment_snapshots (
    as_of_date date not null encode az64,
    customer_unique_id varchar(256) not null encode zstd,
    segment varchar(32) not null encode bytedict,
    cluster smallint encode az64,
    model_version integer encode az64,
    primary key (as_of_date, customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (as_of_date, customer_unique_id);
