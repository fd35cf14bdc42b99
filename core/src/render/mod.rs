//! Rendering a chart: Helm's engine (`include`, `tpl`, `required`…), the template context,
//! output assembly (`helm template` stream, hooks, sorting).
