-- Macro: month arithmetic on 'YYYY-MM' text, the form every period and month column has.
-- months_between(from_month, to_month): whole months from one to the other (months in a stage).
-- add_months(month, n): the month n months later ('YYYY-MM'; n may be negative).
-- plan_time_elapsed(month, plan_start, plan_months): share of the plan's months gone by the end of
--   `month`, at most 1 (the 超过/落后时间进度 yardstick).
create or replace macro months_between(from_month, to_month) as
    date_diff('month', strptime(from_month, '%Y-%m'), strptime(to_month, '%Y-%m'));

create or replace macro add_months(month, n) as
    strftime(strptime(month, '%Y-%m') + to_months(n), '%Y-%m');

create or replace macro plan_time_elapsed(month, plan_start, plan_months) as
    least(1.0, (months_between(plan_start, month) + 1) / plan_months::double);
