int glossRegisterRowRules(void);
long long glossMemoryUsed(void);
