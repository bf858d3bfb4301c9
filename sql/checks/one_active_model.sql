-- At most one model version is active at a time.
select
    count(*) as count_active_models
from public.segment_models
where is_active
having count(*) > 1
