-- One row per snapshot period present in the data, oldest first. No parameters.
select distinct period from projects order by period
