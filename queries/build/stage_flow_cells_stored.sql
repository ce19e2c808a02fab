-- One row per stored snapshot pair ($period_from, $period_to), park, sector, from_stage and to_stage: stage_flow_cells_joined's rows with the pair in front. Params: $period_from, $period_to.
select $period_from as snapshot_from, $period_to as snapshot_to, * from stage_flow_cells_joined($period_from, $period_to)
