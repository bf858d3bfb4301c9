-- Every customer's segment and cluster as the score step last computed
-- them: a copy of the scoring view (scored_customers, R__40) made once per
-- run, so segments.csv, the snapshots, the dashboard's datasets and views
-- read a table instead of measuring every customer against every centroid
-- again. Grain: one row per customer_unique_id.
--   The load and a model activation empty it in their own transactions, so
--   it never holds scores of another load or model; the score step (and a
--   publish that finds it empty) fills it from the view.
--   model_version, cluster, cluster_name, distance  null when no model was
--   active

drop view if exists public.customer_segments cascade;

create table customer_segments (
    customer_unique_id varchar(256) not null encode zstd,
    as_of_date date not null encode az64,
    last_purchase_date date not null encode az64,
    recency_days integer not null encode az64,
    frequency integer not null encode az64,
    monetary double precision not null encode raw,
    total_spend double precision not null encode raw,
    recency_n double precision not null encode raw,
    frequency_n double precision not null encode raw,
    monetary_n double precision not null encode raw,
    r_score smallint not null encode az64,
    f_score smallint not null encode az64,
    m_score smallint not null encode az64,
    segment varchar(32) not null encode bytedict,
    model_version integer encode az64,
    cluster smallint encode az64,
    cluster_name varchar(128) encode zstd,
    distance double precision encode raw,
    primary key (customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (customer_unique_id);
