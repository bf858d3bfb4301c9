-- Run parameters the views read, so no view depends on the clock.
-- Exactly one row; as_of_date null means "the day after the latest
-- eligible purchase". `workshop run` sets it from the environment's asOf.

create table rfm_settings (
    settings_id smallint not null,
    as_of_date date,
    primary key (settings_id)
)
diststyle all;

insert into rfm_settings (settings_id, as_of_date) values (1, null);
