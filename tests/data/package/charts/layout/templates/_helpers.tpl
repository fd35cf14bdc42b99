{{/* partial */}}
{{- define "x" }}x{{ end }}
