import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { RouterProvider } from 'react-router/dom'
import { router } from './app/router.tsx'
import { AppConfigProvider } from './config/app-config.tsx'
import { CurrentUserProvider } from './session/current-user.tsx'
import './i18n/index.ts'
import './styles/base.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')

createRoot(root).render(
  <StrictMode>
    <AppConfigProvider>
      <CurrentUserProvider>
        <RouterProvider router={router} />
      </CurrentUserProvider>
    </AppConfigProvider>
  </StrictMode>,
)
