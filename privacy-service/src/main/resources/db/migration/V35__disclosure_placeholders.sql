-- Disclosure templates are no longer Qute templates but literal text with a closed set of placeholders
-- ({agentName}, {agentRole}, {companyName}, {agentId}, {channel}; {{ and }} for literal braces): ADR 0019.
-- The owner is subject to the table's row-level security; it is lifted for this migration's transaction only.
alter table disclosure_policy no force row level security;

-- Blank names meant "none" to the old templates ({#if companyName}); they are stored as null from now on.
update disclosure_policy
set agent_name   = nullif(btrim(agent_name), ''),
    agent_role   = nullif(btrim(agent_role), ''),
    company_name = nullif(btrim(company_name), '')
where btrim(agent_name) = '' or btrim(agent_role) = '' or btrim(company_name) = '';

-- The old default template, stored for each policy saved without a template: the same text in placeholders
-- ({agentRole} says "assistant" when the policy has no role), so the version does not change.
update disclosure_policy
set template = case when company_name is null then '{agentName}, an AI {agentRole}'
                    else '{agentName}, an AI {agentRole} of {companyName}' end
where template = '{agentName}, an AI {agentRole ?: ''assistant''}{#if companyName} of {companyName}{/if}';

-- Any other template that is not literal text and placeholders (sections, namespaces, expressions, control
-- characters) is replaced by the default: it still says the agent is an AI, and its version goes up so the
-- evidence of later checks names the new text.
update disclosure_policy
set template = case when company_name is null then '{agentName}, an AI {agentRole}'
                    else '{agentName}, an AI {agentRole} of {companyName}' end,
    version = version + 1,
    updated_at = clock_timestamp()
where regexp_replace(template, '\{\{|\}\}|\{(agentName|agentRole|companyName|agentId|channel)\}', '', 'g') ~ '[{}]'
   or template ~ '[\x01-\x08\x0b-\x1f\x7f-\x9f]';

alter table disclosure_policy force row level security;
