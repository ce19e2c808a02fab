-- One row per stored snapshot pair ($period_from, $period_to) and enterprise that changed between them: enterprise_diff_joined's rows with the pair in front. Params: $period_from, $period_to.
select $period_from as snapshot_from, $period_to as snapshot_to, * from enterprise_diff_joined($period_from, $period_to)
