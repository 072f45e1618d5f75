// The formatters live once in @wangge/sla; these names stay only until the station routes import it directly.
export { shanghaiDateOf as shanghaiDay, shanghaiIsoOf as shanghaiIso } from '@wangge/sla'
