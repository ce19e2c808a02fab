-- One row per stage with projects in snapshot $period: projects and the min, quartiles, median and max of months in the current stage (a box plot drawn from these, not from every project); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
with ages as (
    select p.stage, date_diff('month', strptime(p.stage_since, '%Y-%m'), strptime($period, '%Y-%m')) as months
    from projects as p
    where p.period = $period
      and (len($parks::varchar[]) = 0 or list_contains($parks::varchar[], p.park_id))
      and (len($sectors::varchar[]) = 0 or list_contains($sectors::varchar[], p.sector_id))
)
select
    a.stage, g.stage_order, count(*) as projects,
    min(a.months) as months_min,
    quantile_cont(a.months, 0.25) as months_q1,
    quantile_cont(a.months, 0.5) as months_median,
    quantile_cont(a.months, 0.75) as months_q3,
    max(a.months) as months_max
from ages as a
join stages as g on g.stage_id = a.stage
group by a.stage, g.stage_order
order by g.stage_order
