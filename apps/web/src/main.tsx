import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router/dom'
import { queryClient } from './api/query-client.ts'
import { router } from './app/router.tsx'
import { AppConfigProvider } from './config/app-config.tsx'
import { CurrentUserProvider } from './session/current-user.tsx'
import { i18nReady } from './i18n/index.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

// Settled at once in zh-CN; in English, once its chunk has come (i18n/index.ts), so no page flashes in zh-CN first.
// Not a top-level await: that would make this module async, and the bundler would then split what the lazy pages
// share with it into a dozen more chunks (more round trips on a phone).
void i18nReady.finally(() =>
  createRoot(root).render(
    <StrictMode>
      <QueryClientProvider client={queryClient}>
        <AppConfigProvider>
          <CurrentUserProvider>
            <RouterProvider router={router} />
          </CurrentUserProvider>
        </AppConfigProvider>
      </QueryClientProvider>
    </StrictMode>,
  ),
)
