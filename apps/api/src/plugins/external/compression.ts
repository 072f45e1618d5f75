import fp from 'fastify-plugin'
import fastifyCompress from '@fastify/compress'

/** Grid layers are large JSON: compress them (budget: ≤ 150 KB compressed per viewport). */
export default fp(
  async (fastify) => {
    await fastify.register(fastifyCompress, { global: true, threshold: 1024, encodings: ['br', 'gzip', 'deflate'] })
  },
  { name: 'compression' },
)
