-- One row per stage with projects in snapshot $period: projects and the min, quartiles, median and max of months in the current stage (a box plot drawn from these, not from every project); only $parks and $sectors (empty list = all). Params: $period, $parks, $sectors.
-- Months are whole numbers, so the quartiles are read off a histogram (months → projects) instead of
-- sorting every project: the same values as quantile_cont, in memory that does not grow with projects.
with histogram as (
    select stage, months_in_stage as months, projects as n from stage_ages($period, $parks, $sectors)
),
ranked as (  -- the sorted positions [first, last] each months value takes, counted from 0
    select stage, months,
           sum(n) over (partition by stage order by months) - n as first, sum(n) over (partition by stage order by months) - 1 as last,
           (sum(n) over (partition by stage))::bigint as projects
    from histogram
),
per_stage as (
    select stage, any_value(projects) as projects, min(months) as months_min, max(months) as months_max
    from ranked
    group by stage
),
positions as (  -- quantile_cont(q) interpolates between the values at floor and ceil of q·(n − 1)
    select stage, q, q * (projects - 1) as pos
    from per_stage, unnest([0.25, 0.5, 0.75]::double[]) as t(q)
),
quartiles as (
    select s.stage, s.q, lo.months + (s.pos - floor(s.pos)) * (hi.months - lo.months) as value
    from positions as s
    join ranked as lo on lo.stage = s.stage and floor(s.pos) between lo.first and lo.last
    join ranked as hi on hi.stage = s.stage and ceil(s.pos) between hi.first and hi.last
)
select
    p.stage, g.stage_order, p.projects, p.months_min,
    max(q.value) filter (where q.q = 0.25) as months_q1,
    max(q.value) filter (where q.q = 0.5) as months_median,
    max(q.value) filter (where q.q = 0.75) as months_q3,
    p.months_max
from per_stage as p
join quartiles as q on q.stage = p.stage
join stages as g on g.stage_id = p.stage
group by p.stage, g.stage_order, p.projects, p.months_min, p.months_max
order by g.stage_order
