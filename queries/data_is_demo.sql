-- One row per data folder: is_demo = whether the newest snapshot holds generated demo firms or projects. No parameters.
with newest as (select max(period) as period from projects)
select coalesce(bool_or(is_demo), false) as is_demo
from (
    select is_demo from projects where period = (select period from newest)
    union all
    select is_demo from enterprises where period = (select period from newest)
)
