-- Each model version's clustered space, so scoring applies the version's
-- own transform and its centroids map back to real units:
--   segment_feature_scaling  per clustered feature: transform (none, log1p)
--                            and method, standard ((t - mean) / sd) or the
--                            seed's min-max (5 * (x - min) / (max - min))
--   segment_centroid_values  the centroids, one row per cluster and feature:
--                            value in the clustered space, real_value in
--                            days, purchases or money, profile_value in
--                            standard deviations from the customers' mean
--                            (log-standard scale; null when unknown)
--   segment_clusters         the generated name of each cluster
-- They replace segment_centroids, whose recency_n, frequency_n and
-- monetary_n columns could hold only the seed's 0-5 space. Versions already
-- recorded were trained in that space on the data of their day; they are
-- carried over with the min and max of the features loaded now.

alter table segment_models add column scaling varchar(16);

alter table segment_models add column training_key varchar(80);

create table segment_feature_scaling (
    model_version integer not null,
    feature_order smallint not null,
    feature varchar(32) not null,
    transform varchar(16) not null,
    method varchar(16) not null,
    mean_value double precision,
    sd_value double precision,
    min_value double precision,
    max_value double precision,
    primary key (model_version, feature)
)
diststyle all;

create table segment_centroid_values (
    model_version integer not null,
    cluster_id smallint not null,
    feature varchar(32) not null,
    value double precision not null,
    real_value double precision not null,
    profile_value double precision,
    primary key (model_version, cluster_id, feature)
)
diststyle all;

create table segment_clusters (
    model_version integer not null,
    cluster_id smallint not null,
    cluster_name varchar(128) not null,
    primary key (model_version, cluster_id)
)
diststyle all;

update segment_models set scaling = 'seed';

insert into segment_feature_scaling
    (model_version, feature_order, feature, transform, method, min_value, max_value)
select
    segment_models.model_version,
    bounds.feature_order,
    bounds.feature,
    'none',
    'min-max',
    bounds.min_value,
    bounds.max_value
from segment_models
cross join (
    select 1 as feature_order, 'recency' as feature,
        min(cast(recency_days as double precision)) as min_value,
        max(cast(recency_days as double precision)) as max_value
    from customer_features
    union all
    select 2, 'frequency',
        min(cast(frequency as double precision)),
        max(cast(frequency as double precision))
    from customer_features
    union all
    select 3, 'monetary', min(monetary), max(monetary)
    from customer_features
) as bounds
where bounds.min_value is not null;

insert into segment_centroid_values
    (model_version, cluster_id, feature, value, real_value)
select
    centroids.model_version,
    centroids.cluster_id,
    centroids.feature,
    centroids.value,
    segment_feature_scaling.min_value
    + centroids.value
    * (segment_feature_scaling.max_value - segment_feature_scaling.min_value) / 5.0
from (
    select model_version, cluster_id, 'recency' as feature, recency_n as value
    from segment_centroids
    union all
    select model_version, cluster_id, 'frequency', frequency_n
    from segment_centroids
    union all
    select model_version, cluster_id, 'monetary', monetary_n
    from segment_centroids
) as centroids
inner join segment_feature_scaling
    on centroids.model_version = segment_feature_scaling.model_version
    and centroids.feature = segment_feature_scaling.feature;

insert into segment_clusters (model_version, cluster_id, cluster_name)
select model_version, cluster_id, 'cluster ' || cast(cluster_id as varchar(8))
from segment_centroids;

drop table segment_centroids cascade;
