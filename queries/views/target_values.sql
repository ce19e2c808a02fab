-- View: one row per snapshot period, month and target: the figure the target is measured by (output_value: sum of the last 12 months of the three monitored indicators; counts: the month's total).
-- Queries read target_values: these rows computed once for the whole city when the connection
-- opens (data.open_connection: a window over every snapshot, half of goal_progress's time), or
-- computed here over the reader's own rows when the reader does not see the whole city.
create or replace view target_values_computed as
with monthly as (
    select i.period, i.month, d.target_code, d.kind, sum(i.value) as value
    from indicators as i
    join indicator_defs as d using (indicator_code)
    group by all
)
select
    period,
    month,
    target_code,
    case when kind = 'money'
        then sum(value) over trailing_year
        else value end as value,
    case when kind = 'money'
        then count(*) over trailing_year
        else 12 end as months_covered
from monthly
window trailing_year as (
    partition by period, target_code order by month rows between 11 preceding and current row
)
