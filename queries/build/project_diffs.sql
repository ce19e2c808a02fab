-- One row per stored snapshot pair ($period_from, $period_to) and project that changed between them: project_diff_joined's rows with the pair in front and the names ($period_to's, else $period_from's). Params: $period_from, $period_to.
select $period_from as snapshot_from, $period_to as snapshot_to, d.* replace (
    coalesce(na.name_zh, nb.name_zh) as name_zh, coalesce(na.name_en, nb.name_en) as name_en)
from project_diff_joined($period_from, $period_to) as d
left join (select project_id, name_zh, name_en from projects where period = $period_to) as na using (project_id)
left join (select project_id, name_zh, name_en from projects where period = $period_from) as nb using (project_id)
