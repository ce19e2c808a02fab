-- One row per stored snapshot pair (snapshot_pairs) and project that changed between them: project_diff_joined's rows with the pair in front and the names (snapshot_to's, else snapshot_from's). No parameters.
with d as (
    select p.snapshot_from, p.snapshot_to, d.*
    from snapshot_pairs as p, lateral project_diff_joined(p.snapshot_from, p.snapshot_to) as d
)
select d.* replace (
    coalesce(na.name_zh, nb.name_zh) as name_zh, coalesce(na.name_en, nb.name_en) as name_en)
from d
left join (select period, project_id, name_zh, name_en from projects) as na
    on na.period = d.snapshot_to and na.project_id = d.project_id
left join (select period, project_id, name_zh, name_en from projects) as nb
    on nb.period = d.snapshot_from and nb.project_id = d.project_id
