-- Customer ids of any reasonable length (UUIDs, account numbers), as the
-- transactions table holds them. Both tables are derived and rebuilt by
-- every run, so they are created again rather than altered (Redshift
-- cannot widen a primary-key column).

drop table customer_features cascade;

create table customer_features (
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
    primary key (customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (customer_unique_id);

drop table customer_clv cascade;

create table customer_clv (
    customer_unique_id varchar(256) not null encode zstd,
    p_alive double precision not null encode raw,
    expected_purchases double precision not null encode raw,
    expected_avg_value double precision not null encode raw,
    clv double precision not null encode raw,
    primary key (customer_unique_id)
)
diststyle key
distkey (customer_unique_id)
sortkey (customer_unique_id);
