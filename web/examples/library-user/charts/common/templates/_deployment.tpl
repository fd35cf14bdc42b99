{{/* A Deployment from a dict: root, component and spec (replicas, port, args). */}}
{{- define "common.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "common.fullname" .root }}-{{ .component }}
  labels:
    {{- include "common.labels" . | nindent 4 }}
spec:
  replicas: {{ .spec.replicas | default 1 }}
  selector:
    matchLabels:
      {{- include "common.selector" . | nindent 6 }}
  template:
    metadata:
      labels:
        {{- include "common.selector" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .component }}
          image: {{ .root.Values.image }}
          {{- with .spec.args }}
          args: {{ toJson . }}
          {{- end }}
          {{- with .spec.port }}
          ports:
            - containerPort: {{ . }}
          {{- end }}
{{- end -}}
