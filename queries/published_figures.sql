-- One row per figure published in the seed texts (2023-12 pipeline state), with its qualifier and source. No parameters.
select * from published_figures order by figure_code
