"""Payment providers behind one interface (`base.Provider`), enabled by `PAYMENTS_PROVIDERS`."""
