//! `.Files`: the chart's non-template files as templates see them.
