"""The Docker sandbox: each run in a container of the agent's image, in MLE-bench's layout.
`kind` registers it; `sandbox` runs the container; `options` turns the session's choices into
`DockerOptions`; `cleanup` removes what dead sessions left; `outputs` copies the folders out."""
