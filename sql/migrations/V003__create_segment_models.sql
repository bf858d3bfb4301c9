-- Every trained model, local or SageMaker, and its centroids on the
-- normalised (recency_n, frequency_n, monetary_n) scale. The scoring view
-- uses the one active version.

create table segment_models (
    model_version integer not null,
    k smallint not null,
    source varchar(16) not null,
    model_ref varchar(1024),
    inertia double precision,
    msd double precision,
    data_fingerprint varchar(80),
    status varchar(16) not null,
    is_active boolean not null default false,
    created_at timestamp not null default getdate(),
    primary key (model_version)
)
diststyle all;

create table segment_centroids (
    model_version integer not null,
    cluster_id smallint not null,
    recency_n double precision not null,
    frequency_n double precision not null,
    monetary_n double precision not null,
    primary key (model_version, cluster_id)
)
diststyle all;
