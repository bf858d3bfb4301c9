-- The RFM features and scores, stored once per load. The views define
-- them; `sql/refresh/` copies customer_rfm_scores into this table after
-- every load, so checks, training, scoring and dashboards read a table
-- instead of recomputing three window functions over every customer.

create table customer_features (
    customer_unique_id varchar(32) not null encode zstd,
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
    primary key (customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (customer_unique_id);
