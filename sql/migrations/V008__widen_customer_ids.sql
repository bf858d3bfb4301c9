-- Customer ids of any reasonable length (UUIDs, account numbers), as the
-- transactions table holds them. Redshift cannot widen a primary-key
-- column, so each table is created again under a new name, its rows copied
-- over, and the new table takes the old one's name: what a team has loaded
-- and scored stays until its next run.

create table customer_features_v8 (
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

insert into customer_features_v8 select * from customer_features;

drop table customer_features cascade;

alter table customer_features_v8 rename to customer_features;

create table customer_clv_v8 (
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

insert into customer_clv_v8 select * from customer_clv;

drop table customer_clv cascade;

alter table customer_clv_v8 rename to customer_clv;
