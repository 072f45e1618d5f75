import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router/dom'
import { queryClient } from './api/query-client.ts'
import { router } from './app/router.tsx'
import { AppConfigProvider } from './config/app-config.tsx'
import { CurrentUserProvider } from './session/current-user.tsx'
import './i18n/index.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

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
)
